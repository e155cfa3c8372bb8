package dev.blacksmith.spi.pubsub;

/**
 * Opens a {@link PubSub} from a URL ({@code BLACKSMITH_PUBSUB_URL}); found with {@link
 * java.util.ServiceLoader}.
 */
public interface PubSubProvider {

  boolean supports(String url);

  PubSub open(String url);
}
