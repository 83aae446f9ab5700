/** Step 3: answering kept questions under principles, with human-written demonstrations. */
package io.augcon.core.respond;
