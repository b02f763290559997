package com.acme.shop;

/**
 * The methods whose calls the demo counts itself, in the order their lines are printed: every
 * {@code @Timed} method, plus the hot method that is not annotated.
 *
 * <p>Integration tests compare these counts with the agent's: they must be equal, call for call.
 * The counts are taken at each method's single call site, not inside its body, so they stay exact
 * when the agent memoizes a method and its body no longer runs on every call.
 */
enum CountedMethod {
  PROCESS(OrderService.class, "process", true, false),
  VALIDATE(OrderValidator.class, "validate", true, true),
  QUOTE(PricingEngine.class, "quote", true, false),
  SHORTEST_PATH(RoutePlanner.class, "shortestPath", false, false),
  FETCH_STOCK(InventoryClient.class, "fetchStock", true, false),
  LOAD_DESCRIPTION(CatalogStore.class, "loadDescription", true, false),
  RESERVE_SLOT(ShippingService.class, "reserveSlot", true, false),
  RENDER(InvoiceRenderer.class, "render", true, false);

  private final Class<?> owner;
  private final String methodName;
  private final boolean timed;
  private final boolean throwsByDesign;

  CountedMethod(Class<?> owner, String methodName, boolean timed, boolean throwsByDesign) {
    this.owner = owner;
    this.methodName = methodName;
    this.timed = timed;
    this.throwsByDesign = throwsByDesign;
  }

  Class<?> owner() {
    return owner;
  }

  String methodName() {
    return methodName;
  }

  /** The name the agent reports: {@code com.acme.shop.PricingEngine::quote}. */
  String id() {
    return owner.getName() + "::" + methodName;
  }

  /** Whether the method carries {@code @Timed}. */
  boolean timed() {
    return timed;
  }

  /** Whether the method throws during a normal run (its errors are printed). */
  boolean throwsByDesign() {
    return throwsByDesign;
  }
}
