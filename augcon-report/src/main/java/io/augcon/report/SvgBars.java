package io.augcon.report;

import java.util.List;
import java.util.Locale;

/**
 * A bar chart as an inline SVG element, so the report draws without any script or network.
 * Each bar carries a {@code <title>} (its label and value) that browsers show on hover.
 */
final class SvgBars {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 230;
    private static final int LEFT = 48;
    private static final int BOTTOM = 44;
    private static final int TOP = 20;

    private SvgBars() {}

    /** One vertical bar per label; {@code axis} names what the labels measure. */
    static String chart(String title, List<String> labels, List<? extends Number> values, String axis) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">"
                        + "<title>%s</title>",
                WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title)));
        double max = values.stream().mapToDouble(Number::doubleValue).max().orElse(0);
        int plotWidth = WIDTH - LEFT - 10;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        svg.append(line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight));
        svg.append(text(LEFT - 6, TOP + 4, "end", format(max)));
        svg.append(text(LEFT - 6, TOP + plotHeight, "end", "0"));
        int n = Math.max(1, labels.size());
        double slot = (double) plotWidth / n;
        double barWidth = Math.max(2, slot * 0.75);
        for (int i = 0; i < labels.size(); i++) {
            double value = values.get(i).doubleValue();
            double height = max > 0 ? value / max * plotHeight : 0;
            double x = LEFT + i * slot + (slot - barWidth) / 2;
            double y = TOP + plotHeight - height;
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s: %s</title></rect>",
                    x, y, barWidth, Math.max(height, value > 0 ? 1 : 0), Html.escape(labels.get(i)), format(value)));
            if (labels.size() <= 16) {
                svg.append(text(x + barWidth / 2, TOP + plotHeight + 14, "middle", shorten(labels.get(i))));
            }
        }
        svg.append(text(LEFT + plotWidth / 2.0, HEIGHT - 8, "middle", axis));
        return svg.append("</svg>").toString();
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>", x1, y1, x2, y2);
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                Html.escape(content));
    }

    private static String shorten(String label) {
        return label.length() <= 12 ? label : label.substring(0, 11) + "…";
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
