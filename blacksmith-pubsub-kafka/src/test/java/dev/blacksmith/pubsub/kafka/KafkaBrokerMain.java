package dev.blacksmith.pubsub.kafka;

/**
 * Runs the tests' in-process KRaft broker until the process is stopped, printing the adapter URL,
 * so the load harness can measure the platform through Kafka on a machine without one. Run with the
 * test classpath of this module.
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    KafkaBroker broker = new KafkaBroker();
    broker.start();
    System.out.println(broker.url(KafkaBroker.FAST_GROUPS));
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(broker)));
    Thread.currentThread().join();
  }

  private static void closeQuietly(KafkaBroker broker) {
    try {
      broker.close();
    } catch (Exception e) {
      System.err.println("closing the broker failed: " + e);
    }
  }
}
