package org.jcounters.multiprocess;

/** What part a process may play in the collection. */
public enum Role {
  /**
   * Join a leader if one answers on any configured address, otherwise become the leader on the best
   * free one; a leader on a fall-back address moves to a better one when it frees up, or steps down to
   * a node if another leader holds it. Every process of a group normally runs with this role.
   */
  AUTO,
  /** Only ever lead: bind the best free address, move to a better one when it frees up, never step down. */
  LEADER,
  /** Only ever join a leader; never bind an address. */
  NODE
}
