package dev.blacksmith.spi.pubsub;

import dev.blacksmith.pubsub.Message;

/** Handles one received message; returning acknowledges it, throwing has it redelivered. */
@FunctionalInterface
public interface MessageHandler {
  void handle(Message message) throws Exception;
}
