/**
 * Word-level text measures shared by the pipeline: tokenisation (English words, Chinese jieba
 * segments) and ROUGE-L, which the paper uses to drop near-duplicate queries and to spot
 * sub-contexts that drifted from their parent.
 *
 * <pre>{@code
 * List<String> a = Tokenizer.tokens("How do large cells adapt?", Language.EN);
 * List<String> b = Tokenizer.tokens("How do cells adapt to size?", Language.EN);
 * double p = RougeMeasure.PRECISION.of(RougeL.score(a, b)); // 4 of 5 words in order: 0.8
 * }</pre>
 */
package io.augcon.core.text;
