print("connectctl")
