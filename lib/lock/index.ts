export { acquireDataFolderLock, holdsDataFolderExclusively, tryAcquireDataFolderLock, liveSharedHolders, lockFileName, sharedLockFolder } from './dataFolderLock';
export type { AcquireOptions, DataFolderLock, LockMode } from './dataFolderLock';
export { createLockFile, holderForThisProcess, isHeld, readHolder, releaseLockFile, takeLockFile } from './lockFile';
export type { LockHolder } from './lockFile';
