/**
 * Implementation shared by several features of the performance system, such as its one JSON
 * codec. Not an API: these types may change at any time, and no public type outside an
 * {@code internal} package names them in its signatures.
 */
package com.corpastro.performance.internal;
