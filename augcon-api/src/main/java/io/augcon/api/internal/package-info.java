/**
 * The library's own helpers that every module shares (the knob checks); not API, and may change
 * in any release.
 */
package io.augcon.api.internal;
