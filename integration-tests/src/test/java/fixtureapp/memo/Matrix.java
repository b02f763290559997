package fixtureapp.memo;

/** A mutable result type, marked unsafe to memoize by the tests' options. */
final class Matrix {
  final int[] cells;

  Matrix(int n) {
    this.cells = new int[n];
  }
}
