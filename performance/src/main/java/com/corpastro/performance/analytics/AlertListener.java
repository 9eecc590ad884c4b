package com.corpastro.performance.analytics;

/**
 * Told of every alert this node raises, once, when it fires: the hook for an admin event stream
 * or any other channel. Beans of this type are picked up by the analytics auto-configuration; the
 * webhook ({@code corp-astro.analytics.alert-webhook-url}) is one. Called on the analytics
 * thread: implementations must be quick and should not throw (an exception is logged and ignored).
 */
@FunctionalInterface
public interface AlertListener {

    void onAlert(Alert alert);
}
