package dev.overclock.jvm;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The unmodifiable list of a stack's frames that {@link RecordedFrames} hands out, of one class
 * whatever its length.
 *
 * <p>Why not {@code List.copyOf}: it returns one class for one or two elements and another for
 * more, so every loop over a stack in the readers' hot code saw two receiver classes, and the JIT
 * compiled each list access twice over (both classes inlined, with a type check), in every method
 * that walks a stack. Equal to any list of the same frames, as a {@link List} must be.
 */
final class FrameList extends AbstractList<Frame> implements RandomAccess {

  static final FrameList EMPTY = new FrameList(new Frame[0]);

  private final Frame[] frames;

  private FrameList(Frame[] frames) {
    this.frames = frames;
  }

  /** A copy of {@code frames}, which must not hold {@code null}. */
  static FrameList copyOf(List<Frame> frames) {
    return frames.isEmpty() ? EMPTY : new FrameList(frames.toArray(new Frame[0]));
  }

  @Override
  public Frame get(int index) {
    return frames[index];
  }

  @Override
  public int size() {
    return frames.length;
  }
}
