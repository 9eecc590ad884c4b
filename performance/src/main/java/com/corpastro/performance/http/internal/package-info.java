/** Response wrappers of the HTTP layer's filters. Not an API: these types may change at any time. */
package com.corpastro.performance.http.internal;
