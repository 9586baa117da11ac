/** A problem the user can fix (a port in use, a missing package), printed as one line. */
export class ClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}
