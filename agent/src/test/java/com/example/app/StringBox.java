package com.example.app;

/** Overrides {@code put(Object)} with {@code put(String)}: javac adds the bridge {@code put(Object)}. */
public final class StringBox implements Box<String> {
  @Override
  public String put(String value) {
    return value.strip();
  }
}
