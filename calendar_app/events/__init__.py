"""Events: the pages that show and change one event, and the service layer behind them."""
