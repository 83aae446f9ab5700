/**
 * The dataset report: what a run produced and what it left out, at a glance, before GPU hours
 * are spent on the data. {@link io.augcon.report.ReportBuilder} reads records in one pass
 * (counts per document and root, the granularity of kept queries by tree depth and context
 * length, query lengths, distinct-n, ROUGE-L within roots and across the corpus, embedding
 * dispersion of a sample, MinHash near-duplicates across roots, scores, grounding);
 * {@link io.augcon.report.RunLedger} and {@link io.augcon.core.run.RunFacts} add what only the run
 * knows (quota fill per root and why a root fell short, LLM calls and tokens per stage, failures
 * by kind). {@link io.augcon.report.HtmlReport} draws one self-contained HTML file and
 * {@link io.augcon.report.ReportJson} writes the same numbers as JSON.
 */
package io.augcon.report;
