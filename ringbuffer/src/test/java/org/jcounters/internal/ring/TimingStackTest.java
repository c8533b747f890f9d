package org.jcounters.internal.ring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a thread's ends pair with its starts: the latest unmatched start of the same id. */
class TimingStackTest {
  private final TimingStack stack = new TimingStack();

  @Test
  void shouldPairNestedStartsOfTheSameIdInnermostFirst() {
    stack.push(1, 0);
    stack.push(1, 10);
    assertThat(stack.pop(1)).isEqualTo(10);
    assertThat(stack.pop(1)).isEqualTo(0);
    assertThat(stack.depth()).isZero();
  }

  @Test
  void shouldPairInterleavedBlocksById() {
    stack.push(1, 0);   // a starts
    stack.push(2, 5);   // b starts
    assertThat(stack.pop(1)).as("a ends first: its start, below b's").isEqualTo(0);
    stack.push(3, 7);
    assertThat(stack.pop(2)).isEqualTo(5);
    assertThat(stack.pop(3)).isEqualTo(7);
    assertThat(stack.depth()).isZero();
  }

  @Test
  void shouldAnswerNoStartForAnEndWithoutOne() {
    assertThat(stack.pop(4)).isEqualTo(TimingStack.NO_START);
    stack.push(5, 1);
    assertThat(stack.pop(4)).isEqualTo(TimingStack.NO_START);
    assertThat(stack.depth()).isEqualTo(1);
  }

  @Test
  void shouldForgetTheOldestOpenStartBeyondItsBound() {
    for (int i = 0; i < TimingStack.MAX_DEPTH + 10; i++) {
      stack.push(i, i);
    }
    assertThat(stack.depth()).isEqualTo(TimingStack.MAX_DEPTH);
    assertThat(stack.pop(0)).as("among the oldest, forgotten").isEqualTo(TimingStack.NO_START);
    assertThat(stack.pop(TimingStack.MAX_DEPTH + 9)).isEqualTo(TimingStack.MAX_DEPTH + 9);
    assertThat(stack.pop(10)).as("the oldest kept").isEqualTo(10);
  }
}
