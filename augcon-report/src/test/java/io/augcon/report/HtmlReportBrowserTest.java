package io.augcon.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report opened in headless Chromium: charts drawn, no script errors, nothing fetched. */
class HtmlReportBrowserTest {
    private static final Pattern CHART = Pattern.compile("<svg class=\"chart\".*?</svg>", Pattern.DOTALL);
    /** The bars' fill, #3b78c2. */
    private static final int BAR_RGB = 0x3b78c2;

    @TempDir
    static Path dir;
    static Path page;
    static int chartsInHtml;

    @BeforeAll
    static void writeReport() throws Exception {
        HeadlessChromium.ensureInstalled();
        ReportBuilder builder = ReportBuilder.create().encoder(SmallSet.twoDirections());
        SmallSet.records().forEach(builder::add);
        String html = HtmlReport.render(builder.build(SmallSet.facts()));
        page = dir.resolve("report.html");
        Files.writeString(page, html);
        chartsInHtml = (int) CHART.matcher(html).results().count();
        assertThat(html).as("self-contained: nothing to fetch").doesNotContain("http://", "https://", " src=", "<link");
    }

    @Test
    void everyChartRendersWithBarsAndNoScriptFails() throws Exception {
        HeadlessChromium.Result dom = new HeadlessChromium(dir).dumpDom(page);

        Matcher charts = CHART.matcher(dom.stdout());
        int withBars = 0;
        int all = 0;
        while (charts.find()) {
            all++;
            if (charts.group().contains("<rect")) {
                withBars++;
            }
        }
        // depth, context length, query length, quota fill, scores, grounding, LLM calls, documents
        assertThat(all).isEqualTo(8).isEqualTo(chartsInHtml);
        assertThat(withBars).isEqualTo(all);
        assertThat(dom.stdout()).contains("data-charts=\"8\"").contains("data-script-errors=\"0\"");
        assertThat(dom.stderr()).doesNotContain("Uncaught").doesNotContain(":CONSOLE");
    }

    @Test
    void theScreenshotShowsTheBars() throws Exception {
        Path png = dir.resolve("report.png");
        new HeadlessChromium(dir).screenshot(page, png, 1200, 2200);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG at %s", png).isNotNull();
        long barPixels = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == BAR_RGB) {
                    barPixels++;
                }
            }
        }
        assertThat(barPixels).as("pixels in the bar colour").isGreaterThan(5_000);
    }
}
