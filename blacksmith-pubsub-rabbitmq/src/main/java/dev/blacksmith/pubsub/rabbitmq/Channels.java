package dev.blacksmith.pubsub.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;

/** Small helpers around channels and the broker's reasons for closing them. */
final class Channels {

  private Channels() {}

  /** Closes {@code ch} without failing when it, or its connection, is already gone. */
  static void abort(Channel ch) {
    try {
      ch.abort();
    } catch (IOException | RuntimeException e) {
      // abort() is best effort by design; nothing is left to release.
    }
  }

  /** The shutdown signal somewhere in {@code e}'s causes, or null. */
  static ShutdownSignalException shutdownSignal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException s) {
        return s;
      }
    }
    return null;
  }

  /** The broker's reply code and text when it closed something, else the exception's message. */
  static String refusal(Throwable e) {
    ShutdownSignalException signal = shutdownSignal(e);
    return signal == null ? String.valueOf(e.getMessage()) : reason(signal);
  }

  static String reason(ShutdownSignalException signal) {
    if (signal.getReason() instanceof AMQP.Channel.Close close) {
      return close.getReplyCode() + " " + close.getReplyText();
    }
    if (signal.getReason() instanceof AMQP.Connection.Close close) {
      return close.getReplyCode() + " " + close.getReplyText();
    }
    return String.valueOf(signal.getMessage());
  }
}
