package org.jcounters.internal.core;

import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Objects;
import org.jcounters.core.EventFamily;

/**
 * How the {@link EventFamilies registry} makes an {@link EventFamily}, whose constructor is not
 * public so that only an engine makes families (the "shared secrets" pattern, as {@link CounterAccess}):
 * {@link EventFamily}'s static initializer registers the one implementation, and {@link #get()}
 * hands it out. Internal: only the registry has any business here.
 */
public abstract class EventFamilyAccess {
  private static volatile EventFamilyAccess instance;

  /**
   * For {@link EventFamily}'s static initializer only: accepted once.
   *
   * @param access the one implementation
   * @throws IllegalStateException if one was registered already
   */
  public static void register(EventFamilyAccess access) {
    synchronized (EventFamilyAccess.class) {
      if (instance != null) {
        throw new IllegalStateException("event family access already registered");
      }
      instance = Objects.requireNonNull(access, "access");
    }
  }

  /**
   * The accessor registered by {@link EventFamily}, initializing that class first if needed.
   *
   * @return the accessor
   */
  public static EventFamilyAccess get() {
    EventFamilyAccess access = instance;
    if (access == null) {
      try {
        MethodHandles.lookup().ensureInitialized(EventFamily.class);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      access = instance;
    }
    return access;
  }

  /** For {@link EventFamily}'s own implementation only. */
  protected EventFamilyAccess() {}

  /**
   * A new family, empty but for its overflow label set.
   *
   * @param registry the registry issuing its label set ids
   * @param name the family's event name, valid
   * @param nameId the id of {@code name} as an event name
   * @param labelNames the label names, valid and immutable
   * @param maxLabelSets the most label sets the family interns, positive
   * @return the family
   * @throws IllegalStateException if the registry has no id left for the overflow label set
   */
  public abstract EventFamily newFamily(EventFamilies registry, String name, int nameId, List<String> labelNames, int maxLabelSets);
}
