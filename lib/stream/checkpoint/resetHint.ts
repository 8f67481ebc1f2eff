/** How to reset a checkpoint, and what that means for where the next run starts. */
export function checkpointResetHint(checkpointDir: string, group: string): string {
  return (
    `To start over, delete ${checkpointDir}: the next run then resumes from consumer group "${group}"'s committed offsets ` +
    `(the last batch that committed), or from --starting-offsets if the group has none. ` +
    `Part files of a batch that had not committed may then be written again: remove output files newer than the last commits/ entry first.`
  );
}
