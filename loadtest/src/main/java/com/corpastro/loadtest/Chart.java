package com.corpastro.loadtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The README's chart, written as SVG text from the summary: throughput and p99 of each top-level
 * row, optimized next to optimizations off. No fonts or libraries needed to produce it.
 */
final class Chart {

    private static final String ON = "#2b6cb0";
    private static final String OFF = "#c05621";
    private static final int PANEL_WIDTH = 470;
    private static final int PANEL_HEIGHT = 300;
    private static final int TOP = 95;

    private Chart() {
    }

    static String svg(Summary.Result result) {
        Map<String, Summary.Line[]> pairs = new LinkedHashMap<>();
        for (Summary.Line line : result.lines()) {
            if (line.depth() == 0) {
                Summary.Line[] pair = pairs.computeIfAbsent(line.scenario() + ": " + line.label(),
                        k -> new Summary.Line[2]);
                pair[line.mode().equals("off") ? 1 : 0] = line;
            }
        }
        return svg("Corp Astro load test: optimized vs optimizations off", "optimized", "optimizations off",
                result.machine(), pairs);
    }

    /**
     * Two panels, throughput and p99, with a group of two bars for each entry of {@code pairs}: the
     * first series ({@code pair[0]}, blue) next to the second ({@code pair[1]}, orange); a missing line
     * leaves its bar out.
     */
    static String svg(String title, String first, String second, RunRecord.Machine m, Map<String, Summary.Line[]> pairs) {
        int width = PANEL_WIDTH * 2 + 40;
        int height = TOP + PANEL_HEIGHT + 50;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        String machine = m == null ? "" : String.format(Locale.ROOT, " — %d cores, %s, JDK %s", m.cores(), m.cpu(),
                m.jdk());
        svg.append(text(20, 28, title + machine, 15, "start", "bold"));
        int secondX = Math.max(120, 38 + first.length() * 7 + 16);
        svg.append(rect(20, 42, 12, 12, ON)).append(text(38, 53, first, 12, "start", "normal"));
        svg.append(rect(secondX, 42, 12, 12, OFF)).append(text(secondX + 18, 53, second, 12, "start", "normal"));
        List<String> labels = new ArrayList<>(pairs.keySet());
        List<Summary.Line[]> values = new ArrayList<>(pairs.values());
        panel(svg, 20, "throughput (requests/s, higher is better)", labels, values, Summary.Line::throughput);
        panel(svg, 20 + PANEL_WIDTH + 20, "p99 response time (ms, lower is better)", labels, values,
                Summary.Line::p99);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, int x0, String title, List<String> labels,
            List<Summary.Line[]> pairs, ToDoubleFunction<Summary.Line> metric) {
        int left = x0 + 50;
        int plotWidth = PANEL_WIDTH - 60;
        int bottom = TOP + PANEL_HEIGHT;
        double max = 0;
        for (Summary.Line[] pair : pairs) {
            for (Summary.Line line : pair) {
                if (line != null && !Double.isNaN(metric.applyAsDouble(line))) {
                    max = Math.max(max, metric.applyAsDouble(line));
                }
            }
        }
        double top = niceCeiling(max);
        svg.append(text(x0 + PANEL_WIDTH / 2, TOP - 8, title, 13, "middle", "bold"));
        for (int i = 0; i <= 4; i++) {
            double value = top * i / 4;
            double y = bottom - (double) PANEL_HEIGHT * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    left, y, left + plotWidth, y));
            svg.append(text(left - 6, y + 4, Summary.number(value), 11, "end", "normal"));
        }
        int groups = Math.max(1, labels.size());
        double groupWidth = (double) plotWidth / groups;
        double barWidth = Math.min(60, groupWidth * 0.35);
        for (int g = 0; g < labels.size(); g++) {
            double center = left + groupWidth * (g + 0.5);
            Summary.Line[] pair = pairs.get(g);
            for (int b = 0; b < 2; b++) {
                if (pair[b] == null || Double.isNaN(metric.applyAsDouble(pair[b]))) {
                    continue;
                }
                double value = metric.applyAsDouble(pair[b]);
                double h = top == 0 ? 0 : PANEL_HEIGHT * value / top;
                double x = center - barWidth - 2 + b * (barWidth + 4);
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n", x, bottom - h,
                        barWidth, h, b == 0 ? ON : OFF));
                svg.append(text(x + barWidth / 2, bottom - h - 4, Summary.number(value), 10, "middle", "normal"));
            }
            String[] words = labels.get(g).split(": ", 2);
            svg.append(text(center, bottom + 18, words[0], 11, "middle", "normal"));
            if (words.length > 1) {
                svg.append(text(center, bottom + 32, words[1], 11, "middle", "normal"));
            }
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left,
                bottom, left + plotWidth, bottom));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String rect(int x, int y, int w, int h, String fill) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", x, y, w,
                h, fill);
    }

    private static String text(double x, double y, String text, int size, String anchor, String weight) {
        return String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n", x, y,
                size, anchor, weight, escape(text));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
