package benchtarget;

import dev.overclock.annotations.Timed;

/**
 * Fifty timed methods, for the benchmark of a Prometheus scrape ({@code ScrapeCost}): each
 * becomes one set of exported series.
 */
public final class FiftyMethods {

  /** How many timed methods this class has. */
  public static final int COUNT = 50;

  private FiftyMethods() {}

  /** Calls method {@code index} (0 to 49) once. */
  public static long call(int index, long value) {
    switch (index) {
      case 0:
        return m00(value);
      case 1:
        return m01(value);
      case 2:
        return m02(value);
      case 3:
        return m03(value);
      case 4:
        return m04(value);
      case 5:
        return m05(value);
      case 6:
        return m06(value);
      case 7:
        return m07(value);
      case 8:
        return m08(value);
      case 9:
        return m09(value);
      case 10:
        return m10(value);
      case 11:
        return m11(value);
      case 12:
        return m12(value);
      case 13:
        return m13(value);
      case 14:
        return m14(value);
      case 15:
        return m15(value);
      case 16:
        return m16(value);
      case 17:
        return m17(value);
      case 18:
        return m18(value);
      case 19:
        return m19(value);
      case 20:
        return m20(value);
      case 21:
        return m21(value);
      case 22:
        return m22(value);
      case 23:
        return m23(value);
      case 24:
        return m24(value);
      case 25:
        return m25(value);
      case 26:
        return m26(value);
      case 27:
        return m27(value);
      case 28:
        return m28(value);
      case 29:
        return m29(value);
      case 30:
        return m30(value);
      case 31:
        return m31(value);
      case 32:
        return m32(value);
      case 33:
        return m33(value);
      case 34:
        return m34(value);
      case 35:
        return m35(value);
      case 36:
        return m36(value);
      case 37:
        return m37(value);
      case 38:
        return m38(value);
      case 39:
        return m39(value);
      case 40:
        return m40(value);
      case 41:
        return m41(value);
      case 42:
        return m42(value);
      case 43:
        return m43(value);
      case 44:
        return m44(value);
      case 45:
        return m45(value);
      case 46:
        return m46(value);
      case 47:
        return m47(value);
      case 48:
        return m48(value);
      case 49:
        return m49(value);
      default:
        throw new IllegalArgumentException("no method " + index);
    }
  }

  @Timed
  public static long m00(long value) {
    return value * 31 + 0;
  }

  @Timed
  public static long m01(long value) {
    return value * 31 + 1;
  }

  @Timed
  public static long m02(long value) {
    return value * 31 + 2;
  }

  @Timed
  public static long m03(long value) {
    return value * 31 + 3;
  }

  @Timed
  public static long m04(long value) {
    return value * 31 + 4;
  }

  @Timed
  public static long m05(long value) {
    return value * 31 + 5;
  }

  @Timed
  public static long m06(long value) {
    return value * 31 + 6;
  }

  @Timed
  public static long m07(long value) {
    return value * 31 + 7;
  }

  @Timed
  public static long m08(long value) {
    return value * 31 + 8;
  }

  @Timed
  public static long m09(long value) {
    return value * 31 + 9;
  }

  @Timed
  public static long m10(long value) {
    return value * 31 + 10;
  }

  @Timed
  public static long m11(long value) {
    return value * 31 + 11;
  }

  @Timed
  public static long m12(long value) {
    return value * 31 + 12;
  }

  @Timed
  public static long m13(long value) {
    return value * 31 + 13;
  }

  @Timed
  public static long m14(long value) {
    return value * 31 + 14;
  }

  @Timed
  public static long m15(long value) {
    return value * 31 + 15;
  }

  @Timed
  public static long m16(long value) {
    return value * 31 + 16;
  }

  @Timed
  public static long m17(long value) {
    return value * 31 + 17;
  }

  @Timed
  public static long m18(long value) {
    return value * 31 + 18;
  }

  @Timed
  public static long m19(long value) {
    return value * 31 + 19;
  }

  @Timed
  public static long m20(long value) {
    return value * 31 + 20;
  }

  @Timed
  public static long m21(long value) {
    return value * 31 + 21;
  }

  @Timed
  public static long m22(long value) {
    return value * 31 + 22;
  }

  @Timed
  public static long m23(long value) {
    return value * 31 + 23;
  }

  @Timed
  public static long m24(long value) {
    return value * 31 + 24;
  }

  @Timed
  public static long m25(long value) {
    return value * 31 + 25;
  }

  @Timed
  public static long m26(long value) {
    return value * 31 + 26;
  }

  @Timed
  public static long m27(long value) {
    return value * 31 + 27;
  }

  @Timed
  public static long m28(long value) {
    return value * 31 + 28;
  }

  @Timed
  public static long m29(long value) {
    return value * 31 + 29;
  }

  @Timed
  public static long m30(long value) {
    return value * 31 + 30;
  }

  @Timed
  public static long m31(long value) {
    return value * 31 + 31;
  }

  @Timed
  public static long m32(long value) {
    return value * 31 + 32;
  }

  @Timed
  public static long m33(long value) {
    return value * 31 + 33;
  }

  @Timed
  public static long m34(long value) {
    return value * 31 + 34;
  }

  @Timed
  public static long m35(long value) {
    return value * 31 + 35;
  }

  @Timed
  public static long m36(long value) {
    return value * 31 + 36;
  }

  @Timed
  public static long m37(long value) {
    return value * 31 + 37;
  }

  @Timed
  public static long m38(long value) {
    return value * 31 + 38;
  }

  @Timed
  public static long m39(long value) {
    return value * 31 + 39;
  }

  @Timed
  public static long m40(long value) {
    return value * 31 + 40;
  }

  @Timed
  public static long m41(long value) {
    return value * 31 + 41;
  }

  @Timed
  public static long m42(long value) {
    return value * 31 + 42;
  }

  @Timed
  public static long m43(long value) {
    return value * 31 + 43;
  }

  @Timed
  public static long m44(long value) {
    return value * 31 + 44;
  }

  @Timed
  public static long m45(long value) {
    return value * 31 + 45;
  }

  @Timed
  public static long m46(long value) {
    return value * 31 + 46;
  }

  @Timed
  public static long m47(long value) {
    return value * 31 + 47;
  }

  @Timed
  public static long m48(long value) {
    return value * 31 + 48;
  }

  @Timed
  public static long m49(long value) {
    return value * 31 + 49;
  }
}
