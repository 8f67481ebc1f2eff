import { csvHeader, csvLine, SensorReading } from '../../schema';
import { ChunkedTextFile } from './chunkedFile';
import { PartWriter, WrittenFile } from './partWriter';

/** CSV part file: the schema's header and column order, one line per reading. */
export class CsvPartWriter implements PartWriter {
  private readonly file: ChunkedTextFile;

  constructor(path: string) {
    this.file = new ChunkedTextFile(path, csvHeader);
  }

  add(reading: SensorReading): void {
    this.file.addLine(csvLine(reading));
  }

  async finish(): Promise<WrittenFile | undefined> {
    return this.file.finish();
  }

  abort(): void {
    this.file.abort();
  }
}
