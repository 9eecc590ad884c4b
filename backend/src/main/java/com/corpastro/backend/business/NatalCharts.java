package com.corpastro.backend.business;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.backend.astro.Chart;
import com.corpastro.backend.astro.PlanetPosition;

/** Computes a business's natal chart in the API's shape. */
@Component
class NatalCharts {

    private final AstroEngine astro;

    NatalCharts(AstroEngine astro) {
        this.astro = astro;
    }

    Map<String, ChartPoint> of(Instant foundedAt) {
        Chart chart = astro.chart(foundedAt);
        Map<String, ChartPoint> points = new LinkedHashMap<>();
        for (PlanetPosition position : chart.positions().values()) {
            points.put(position.planet().key(), new ChartPoint(round(position.longitude()), position.sign().key(),
                    round(position.degree()), position.retrograde()));
        }
        return Collections.unmodifiableMap(points);
    }

    /** Four decimals (about a third of an arc second) is more than the method's accuracy. */
    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
