/** The monitor's point store, series and sketches. Not an API: these types may change at any time. */
package com.corpastro.performance.monitor.internal;
