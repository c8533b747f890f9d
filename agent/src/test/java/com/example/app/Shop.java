package com.example.app;

/** A class with every kind of method the agent patches. */
public final class Shop {
  private int audits;

  public Shop() {
    audits = 0;
  }

  /** Instance method calling a private one from inside the class. */
  public int buy(int items) {
    audit();
    return items * price("apple");
  }

  private void audit() {
    audits++;
  }

  public static int price(String item) {
    return item.length();
  }

  public int weigh(int grams) {
    return grams;
  }

  public int weigh(String grams) {
    return grams.length();
  }

  public void fail() {
    throw new IllegalStateException("out of stock");
  }

  /** An empty method: what the allocation test and the benchmark call. */
  public void empty() {}

  int audits() {
    return audits;
  }
}
