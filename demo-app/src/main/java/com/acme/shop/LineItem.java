package com.acme.shop;

/**
 * One line of an order: a catalogue SKU and a quantity of 1 to 5. Immutable.
 *
 * @param sku a SKU from {@link Catalogue#SKUS}
 * @param quantity units ordered, 1 to 5
 */
record LineItem(String sku, int quantity) {}
