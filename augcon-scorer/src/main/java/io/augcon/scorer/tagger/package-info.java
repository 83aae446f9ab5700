/**
 * The offline mode's part-of-speech tagger, {@link io.augcon.scorer.tagger.BundledTagger}: trained
 * models from Maven Central (Apache OpenNLP's Universal Dependencies models for English, HanLP
 * portable for Chinese), kept out of augcon-core, which carries no models.
 */
package io.augcon.scorer.tagger;
