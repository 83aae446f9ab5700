/** The bundled default prompts and how they are named in provenance. */
package io.augcon.core.prompt;
