package com.corpastro.backend.astro;

/** Degree arithmetic shared by the ephemeris, the signs and the aspects. */
final class Angles {

    private Angles() {
    }

    /**
     * {@code degrees} reduced to [0, 360).
     *
     * @throws IllegalArgumentException if {@code degrees} is NaN or infinite
     */
    static double normalize(double degrees) {
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("angle must be finite, was " + degrees);
        }
        double r = degrees % 360.0;
        if (r < 0) {
            r += 360.0;
        }
        // -1e-17 % 360 + 360 rounds to exactly 360.0; fold it back so callers can rely on [0, 360).
        return r >= 360.0 ? 0.0 : r;
    }

    /** {@code degrees} reduced to (-180, 180]: the signed shortest turn, used for motion and wrap-safe differences. */
    static double signedDifference(double degrees) {
        double r = normalize(degrees);
        return r > 180.0 ? r - 360.0 : r;
    }

    /** The angular distance between two longitudes along the shorter arc, in [0, 180]; 355 and 5 are 10 apart. */
    static double separation(double a, double b) {
        return Math.abs(signedDifference(a - b));
    }

    static double sin(double degrees) {
        return Math.sin(Math.toRadians(degrees));
    }

    static double cos(double degrees) {
        return Math.cos(Math.toRadians(degrees));
    }

    static double atan2(double y, double x) {
        return Math.toDegrees(Math.atan2(y, x));
    }
}
