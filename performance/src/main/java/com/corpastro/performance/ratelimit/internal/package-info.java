/** The in-process token buckets. Not an API: these types may change at any time. */
package com.corpastro.performance.ratelimit.internal;
