package com.acme.shop;

/**
 * A checked exception: the order breaks a business rule and is rejected. Thrown by {@link
 * OrderValidator#validate(Order)} and caught by {@link OrderService}, which counts the order as
 * rejected: the demo's path that throws and is handled.
 */
final class InvalidOrderException extends Exception {

  private static final long serialVersionUID = 1L;

  InvalidOrderException(String message) {
    super(message);
  }
}
