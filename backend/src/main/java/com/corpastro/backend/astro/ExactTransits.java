package com.corpastro.backend.astro;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The moments within a window when a transiting body is exactly in aspect (conjunction, sextile,
 * square, trine, opposition) to a natal longitude. The transiting longitudes are sampled once per
 * window (hourly: the Moon, the fastest body, moves about half a degree an hour), so any number of
 * natal charts are checked against the same samples; each exact moment is then refined by
 * bisection to well under a second.
 *
 * <pre>{@code
 * ExactTransits window = engine.exactTransits(now, now.plus(Duration.ofHours(6)));
 * List<ExactTransits.Exact> next = window.to(Map.of(Planet.SUN, 161.2, Planet.MOON, 23.9));
 * }</pre>
 */
public final class ExactTransits {

    /** The sampling step. */
    static final Duration STEP = Duration.ofHours(1);

    /** One exact aspect: {@code transiting} is exactly {@code type} to the natal {@code natal} at {@code exactAt}. */
    public record Exact(Planet transiting, Planet natal, AspectType type, Instant exactAt) {
    }

    private final Ephemeris ephemeris;
    private final Instant from;
    private final Instant to;
    private final Map<Planet, double[]> samples = new EnumMap<>(Planet.class);
    private final int count;

    ExactTransits(Ephemeris ephemeris, Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the window must end after it starts, was " + from + " to " + to);
        }
        Ephemeris.requireSupported(from);
        Ephemeris.requireSupported(to);
        this.ephemeris = ephemeris;
        this.from = from;
        this.to = to;
        this.count = (int) (Duration.between(from, to).toMillis() / STEP.toMillis()) + 2;
        for (Planet planet : Planet.values()) {
            double[] longitudes = new double[count];
            for (int i = 0; i < count; i++) {
                longitudes[i] = ephemeris.longitude(planet, at(i));
            }
            samples.put(planet, longitudes);
        }
    }

    /** The window's start. */
    public Instant from() {
        return from;
    }

    /** The window's end. */
    public Instant to() {
        return to;
    }

    /**
     * Every exact aspect from a transiting body to a natal longitude within the window, earliest first.
     *
     * @param natal natal longitudes in degrees by body
     */
    public List<Exact> to(Map<Planet, Double> natal) {
        List<Exact> found = new ArrayList<>();
        for (Map.Entry<Planet, double[]> transiting : samples.entrySet()) {
            double[] longitudes = transiting.getValue();
            for (Map.Entry<Planet, Double> natalBody : natal.entrySet()) {
                for (AspectType type : AspectType.values()) {
                    for (double target : type.angle() == 0 || type.angle() == 180 ? new double[] {type.angle()}
                            : new double[] {type.angle(), -type.angle()}) {
                        double aim = natalBody.getValue() + target;
                        for (int i = 0; i + 1 < count; i++) {
                            double a = Angles.signedDifference(longitudes[i] - aim);
                            double b = Angles.signedDifference(longitudes[i + 1] - aim);
                            // A sign change near 0, not the jump at +-180 on the far side.
                            if ((a <= 0) != (b <= 0) && Math.abs(a - b) < 90) {
                                Instant exact = refine(transiting.getKey(), aim, at(i), a);
                                if (!exact.isBefore(from) && exact.isBefore(to)) {
                                    found.add(new Exact(transiting.getKey(), natalBody.getKey(), type, exact));
                                }
                            }
                        }
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Exact::exactAt).thenComparing(Exact::transiting).thenComparing(Exact::natal));
        return List.copyOf(found);
    }

    /** Bisection over one step down to a few milliseconds. */
    private Instant refine(Planet planet, double aim, Instant start, double startDifference) {
        long low = start.toEpochMilli();
        long high = low + STEP.toMillis();
        boolean lowNegative = startDifference <= 0;
        while (high - low > 5) {
            long middle = (low + high) >>> 1;
            double difference = Angles.signedDifference(ephemeris.longitude(planet, Instant.ofEpochMilli(middle)) - aim);
            if ((difference <= 0) == lowNegative) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return Instant.ofEpochMilli((low + high) >>> 1);
    }

    private Instant at(int index) {
        return from.plus(STEP.multipliedBy(index));
    }
}
