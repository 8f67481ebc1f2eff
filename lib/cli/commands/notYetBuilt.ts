import { PipelineError } from '../../errors';

/** Placeholder for a stage whose issue has not landed yet; replaced as each lands. */
export function notYetBuilt(name: string) {
  return async (): Promise<number> => {
    throw new PipelineError(`\`iot ${name}\` is not built yet.`, { code: 'NOT_BUILT', exitCode: 1 });
  };
}
