package com.example.app;

/** Loaded only when {@link PatchedApp} asks for it by name, well after the agent started. */
public final class LateLoaded {
  public static void run() {
    // nothing: only the call is counted
  }
}
