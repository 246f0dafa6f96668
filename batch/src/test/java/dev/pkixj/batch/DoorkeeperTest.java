package dev.pkixj.batch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DoorkeeperTest {
  @Test
  void admitsOnTheSecondSightingAndThenForgets() {
    Doorkeeper d = new Doorkeeper(16);
    assertFalse(d.admit(0x1234_5678), "first sighting");
    assertTrue(d.admit(0x1234_5678), "second sighting");
    assertFalse(d.admit(0x1234_5678), "admitted items are forgotten: the cache holds them now");
  }

  @Test
  void anotherHashInTheSameSlotTakesItOver() {
    Doorkeeper d = new Doorkeeper(2);
    int a = 0b10; // slot (a >>> 1) & 1 = 1
    int b = 0b110; // same slot, another hash
    assertFalse(d.admit(a));
    assertFalse(d.admit(b));
    assertFalse(d.admit(a), "b took the slot: a counts as new again");
    assertTrue(d.admit(a));
  }

  @Test
  void hashZeroIsNotTheEmptyMarker() {
    Doorkeeper d = new Doorkeeper(4);
    assertFalse(d.admit(0), "an empty slot is not a sighting of hash 0");
    assertTrue(d.admit(0));
  }

  @Test
  void theSizeIsAPowerOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> new Doorkeeper(12));
    assertThrows(IllegalArgumentException.class, () -> new Doorkeeper(0));
  }
}
