Attribute VB_Name = "DxReport"
' dxreport control workbook: one Sub per button.
' Keep this module ASCII-only: the VBA project code page cannot hold Japanese reliably,
' so every Japanese message comes from Python (dxreport.excel.buttons).
Option Explicit

Public Sub MakeSurveys()
    RunPython "import dxreport.excel.buttons as b; b.populate()"
End Sub

Public Sub ValidateReturns()
    RunPython "import dxreport.excel.buttons as b; b.validate()"
End Sub

Public Sub Consolidate()
    RunPython "import dxreport.excel.buttons as b; b.consolidate()"
End Sub

Public Sub OpenLatest()
    RunPython "import dxreport.excel.buttons as b; b.open_latest()"
End Sub

Public Sub RefreshStatus()
    RunPython "import dxreport.excel.buttons as b; b.refresh_status()"
End Sub

Public Sub MakeMails()
    RunPython "import dxreport.excel.buttons as b; b.mail()"
End Sub
