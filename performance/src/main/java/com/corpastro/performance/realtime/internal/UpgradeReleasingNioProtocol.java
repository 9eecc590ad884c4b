package com.corpastro.performance.realtime.internal;

import org.apache.coyote.Processor;
import org.apache.coyote.UpgradeToken;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO HTTP/1.1 protocol, except that an upgraded connection (a WebSocket) lets go of the
 * HTTP processor it was upgraded from. Tomcat releases that processor at the upgrade, but the
 * socket's channel keeps pointing at its input buffer as the "application read buffer handler", and
 * through it at the processor's whole request and response: the Coyote and Catalina requests and
 * responses with their 8 KB byte and 8K-character buffers, about 70 KB per WebSocket for its whole
 * life (measured with a heap dump of 2,000 idle WebSockets). Only TLS channels read that handler, to
 * grow the HTTP input buffer while headers are parsed; an upgraded protocol reads through the
 * socket's own buffers, so the handler is replaced by Tomcat's empty one.
 *
 * <p>Public with a no-argument constructor because Tomcat makes the protocol from its class name
 * ({@code TomcatServletWebServerFactory.setProtocol}); set by the realtime auto-configuration.
 */
public class UpgradeReleasingNioProtocol extends Http11NioProtocol {

    @Override
    protected Processor createUpgradeProcessor(SocketWrapperBase<?> socket, UpgradeToken upgradeToken) {
        socket.setAppReadBufHandler(ApplicationBufferHandler.EMPTY);
        return super.createUpgradeProcessor(socket, upgradeToken);
    }
}
