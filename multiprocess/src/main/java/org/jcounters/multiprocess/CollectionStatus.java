package org.jcounters.multiprocess;

/**
 * What a process is doing in its collection right now, for monitoring and tests.
 *
 * @param state what this process is
 * @param nodeId this process's node id
 * @param level index of the address this process leads on or is connected to; -1 while electing or closed
 * @param leaderId the current leader's node id (this process's own when leading); null while electing or closed
 * @param connectedNodes nodes a leader serves, itself not counted; 0 unless leading
 * @param lastElectionMillis how long the last completed election took, in milliseconds; -1 before the first
 * @param leaderEpoch the epoch of the writer lock this process holds as leader; 0 when it holds none
 *     (a node, or a leader that may not write because another process holds the lock)
 */
public record CollectionStatus(State state, NodeId nodeId, int level, String leaderId, int connectedNodes, long lastElectionMillis,
    long leaderEpoch) {
  /** What a process is in its collection. */
  public enum State {
    /** Looking for a leader or an address to lead on; reports nothing. */
    ELECTING,
    /** Collects every node and outputs the merged report. */
    LEADER,
    /** Connected to a leader, answers its requests; reports nothing. */
    NODE,
    /** Closed; reports nothing. */
    CLOSED
  }
}
