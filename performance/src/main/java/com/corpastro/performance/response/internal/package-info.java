/** Buffering, cache keys, headers and ETags of the response filter. Not an API: these types may change at any time. */
package com.corpastro.performance.response.internal;
