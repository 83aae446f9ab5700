/** Output: record formats and writers. */
package io.augcon.core.output;
