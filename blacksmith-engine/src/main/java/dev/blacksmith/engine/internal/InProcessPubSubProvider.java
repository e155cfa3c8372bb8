package dev.blacksmith.engine.internal;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubProvider;

/** Opens {@link InProcessPubSub} for {@code inprocess:} URLs. */
public final class InProcessPubSubProvider implements PubSubProvider {

  @Override
  public boolean supports(String url) {
    return url.startsWith("inprocess:");
  }

  @Override
  public PubSub open(String url) {
    return new InProcessPubSub();
  }
}
