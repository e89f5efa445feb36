package dev.conclab.queue.broker;

/** The broker could not do what was asked (unreachable, refused, corrupt); the message says which and why, in one line. */
public class BrokerException extends RuntimeException {

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerException(String message) {
        super(message);
    }
}
