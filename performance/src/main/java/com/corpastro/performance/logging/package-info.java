/** Log and error text without secrets: {@link com.corpastro.performance.logging.UrlCredentials}. */
package com.corpastro.performance.logging;
