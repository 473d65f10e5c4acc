print("seed: not yet")
