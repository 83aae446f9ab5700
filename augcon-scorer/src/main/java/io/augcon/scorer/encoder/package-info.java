/** In-process text encoders: langchain4j embedding models behind {@link io.augcon.api.TextEncoder}. */
package io.augcon.scorer.encoder;
