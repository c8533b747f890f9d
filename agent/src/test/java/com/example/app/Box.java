package com.example.app;

/** A generic interface: an implementation for a concrete type gets a bridge method. */
public interface Box<T> {
  T put(T value);
}
