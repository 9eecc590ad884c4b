package com.corpastro.performance.realtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import org.apache.coyote.Processor;
import org.apache.coyote.UpgradeToken;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.coyote.http11.upgrade.UpgradeProcessorInternal;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.junit.jupiter.api.Test;

class UpgradeReleasingNioProtocolTest {

    @Test
    void anUpgradedSocketNoLongerPointsAtTheHttpProcessorsInputBuffer() {
        SocketWrapperBase<?> socket = mock(SocketWrapperBase.class);
        UpgradeToken token = new UpgradeToken(mock(InternalHttpUpgradeHandler.class), null, null, "websocket");

        Processor processor = new UpgradeReleasingNioProtocol().createUpgradeProcessor(socket, token);

        assertThat(processor).isInstanceOf(UpgradeProcessorInternal.class);
        // The HTTP processor's Http11InputBuffer was the handler; Tomcat's empty one holds nothing.
        verify(socket).setAppReadBufHandler(ApplicationBufferHandler.EMPTY);
    }
}
