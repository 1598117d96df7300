package dev.minizk.grader;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Points as people write them: 10, 7.5, 3.33. */
final class Points {

    private Points() {}

    static String format(double points) {
        return BigDecimal.valueOf(points).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** Rounded to hundredths, for results.json. */
    static double round(double points) {
        return BigDecimal.valueOf(points).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
