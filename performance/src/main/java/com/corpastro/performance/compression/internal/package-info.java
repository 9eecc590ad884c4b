/** The encoders behind {@code Compression}. Not an API: these types may change at any time. */
package com.corpastro.performance.compression.internal;
