package com.corpastro.backend.astro;

/**
 * Mean orbital elements from Paul Schlyter, "How to compute planetary positions", section 4
 * (https://stjarnhimlen.se/comp/ppcomp.html), itself a simplification of T. van Flandern and
 * K. Pulkkinen, "Low-precision formulae for planetary positions", ApJ Suppl. 41 (1979).
 *
 * <p>Each element but a (constant here) is {@code base + rate * d}, with d the days since
 * 2000 Jan 0.0 TT (JD 2451543.5). Angles are degrees. The semi-major axis is in AU, except for the
 * Moon, where it is in Earth radii. The elements are referred to the mean ecliptic and equinox
 * <em>of date</em> (the rates of N and w include general precession), so longitudes come out for
 * the equinox of date with no further precession. For the Sun these are really the elements of the
 * Earth's orbit seen from the Earth.
 *
 * <p>Columns: N and its rate, i and its rate, w and its rate, a, e and its rate, M and its rate
 * (rates per day).
 */
enum Orbit {
    //        N         N rate         i       i rate      w         w rate         a          e         e rate      M         M rate
    SUN(      0.0,      0.0,           0.0,    0.0,        282.9404, 4.70935E-5,    1.000000,  0.016709, -1.151E-9,  356.0470, 0.9856002585),
    MOON(     125.1228, -0.0529538083, 5.1454, 0.0,        318.0634, 0.1643573223,  60.2666,   0.054900, 0.0,        115.3654, 13.0649929509),
    MERCURY(  48.3313,  3.24587E-5,    7.0047, 5.00E-8,    29.1241,  1.01444E-5,    0.387098,  0.205635, 5.59E-10,   168.6562, 4.0923344368),
    VENUS(    76.6799,  2.46590E-5,    3.3946, 2.75E-8,    54.8910,  1.38374E-5,    0.723330,  0.006773, -1.302E-9,  48.0052,  1.6021302244),
    MARS(     49.5574,  2.11081E-5,    1.8497, -1.78E-8,   286.5016, 2.92961E-5,    1.523688,  0.093405, 2.516E-9,   18.6021,  0.5240207766),
    JUPITER(  100.4542, 2.76854E-5,    1.3030, -1.557E-7,  273.8777, 1.64505E-5,    5.20256,   0.048498, 4.469E-9,   19.8950,  0.0830853001),
    SATURN(   113.6634, 2.38980E-5,    2.4886, -1.081E-7,  339.3939, 2.97661E-5,    9.55475,   0.055546, -9.499E-9,  316.9670, 0.0334442282);

    private final double node;
    private final double nodeRate;
    private final double inclination;
    private final double inclinationRate;
    private final double perihelion;
    private final double perihelionRate;
    private final double semiMajorAxis;
    private final double eccentricity;
    private final double eccentricityRate;
    private final double meanAnomaly;
    private final double meanAnomalyRate;

    Orbit(double node, double nodeRate, double inclination, double inclinationRate, double perihelion,
            double perihelionRate, double semiMajorAxis, double eccentricity,
            double eccentricityRate, double meanAnomaly, double meanAnomalyRate) {
        this.node = node;
        this.nodeRate = nodeRate;
        this.inclination = inclination;
        this.inclinationRate = inclinationRate;
        this.perihelion = perihelion;
        this.perihelionRate = perihelionRate;
        this.semiMajorAxis = semiMajorAxis;
        this.eccentricity = eccentricity;
        this.eccentricityRate = eccentricityRate;
        this.meanAnomaly = meanAnomaly;
        this.meanAnomalyRate = meanAnomalyRate;
    }

    /** The elements {@code d} days after 2000 Jan 0.0 TT. */
    Elements at(double d) {
        return new Elements(Angles.normalize(node + nodeRate * d), inclination + inclinationRate * d,
                Angles.normalize(perihelion + perihelionRate * d), semiMajorAxis,
                eccentricity + eccentricityRate * d, Angles.normalize(meanAnomaly + meanAnomalyRate * d));
    }

    /**
     * Keplerian elements at one instant; angles in degrees.
     *
     * @param node          N, longitude of the ascending node
     * @param inclination   i, inclination to the ecliptic
     * @param perihelion    w, argument of perihelion
     * @param semiMajorAxis a, AU (Earth radii for the Moon)
     * @param eccentricity  e
     * @param meanAnomaly   M
     */
    record Elements(double node, double inclination, double perihelion, double semiMajorAxis, double eccentricity,
            double meanAnomaly) {

        /** Mean longitude L = M + w + N. */
        double meanLongitude() {
            return meanAnomaly + perihelion + node;
        }

        /**
         * The position on the unperturbed ellipse in ecliptic rectangular coordinates centred on the
         * primary (Schlyter sections 6 and 7), in the unit of {@link #semiMajorAxis()}.
         */
        Vector position() {
            double e = eccentricity;
            double bigE = eccentricAnomaly(Math.toRadians(meanAnomaly), e);
            double xv = semiMajorAxis * (Math.cos(bigE) - e);
            double yv = semiMajorAxis * Math.sqrt(1.0 - e * e) * Math.sin(bigE);
            double r = Math.hypot(xv, yv);
            double u = Math.toRadians(perihelion) + Math.atan2(yv, xv); // argument of latitude, w + v
            double n = Math.toRadians(node);
            double i = Math.toRadians(inclination);
            return new Vector(
                    r * (Math.cos(n) * Math.cos(u) - Math.sin(n) * Math.sin(u) * Math.cos(i)),
                    r * (Math.sin(n) * Math.cos(u) + Math.cos(n) * Math.sin(u) * Math.cos(i)),
                    r * Math.sin(u) * Math.sin(i));
        }

        /**
         * Solves Kepler's equation M = E - e sin E by Newton's method (radians). Schlyter stops at
         * 0.001 degrees; we go to machine precision since it costs a handful of iterations at most
         * for e <= 0.21 (Mercury).
         */
        static double eccentricAnomaly(double meanAnomaly, double e) {
            double bigE = meanAnomaly + e * Math.sin(meanAnomaly) * (1.0 + e * Math.cos(meanAnomaly));
            for (int iteration = 0; iteration < 50; iteration++) {
                double step = (bigE - e * Math.sin(bigE) - meanAnomaly) / (1.0 - e * Math.cos(bigE));
                bigE -= step;
                if (Math.abs(step) < 1e-12) {
                    return bigE;
                }
            }
            throw new IllegalStateException("Kepler's equation did not converge for M=" + meanAnomaly + " e=" + e);
        }
    }

    /** A rectangular ecliptic vector; x towards the equinox of date, z towards the north ecliptic pole. */
    record Vector(double x, double y, double z) {

        static Vector ofSpherical(double longitude, double latitude, double distance) {
            return new Vector(distance * Angles.cos(latitude) * Angles.cos(longitude),
                    distance * Angles.cos(latitude) * Angles.sin(longitude),
                    distance * Angles.sin(latitude));
        }

        Vector plus(Vector other) {
            return new Vector(x + other.x, y + other.y, z + other.z);
        }

        double length() {
            return Math.sqrt(x * x + y * y + z * z);
        }

        /** Longitude in [0, 360). */
        double longitude() {
            return Angles.normalize(Angles.atan2(y, x));
        }

        /** Latitude in [-90, 90]. */
        double latitude() {
            return Angles.atan2(z, Math.hypot(x, y));
        }
    }
}
